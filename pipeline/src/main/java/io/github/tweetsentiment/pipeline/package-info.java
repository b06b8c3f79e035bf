/** The Beam streaming pipeline. */
package io.github.tweetsentiment.pipeline;
