/** The Cloud Function that polls the X API. */
package io.github.tweetsentiment.ingest;
