/** HTTP client for the sentiment predict endpoint. */
package io.github.tweetsentiment.inference;
