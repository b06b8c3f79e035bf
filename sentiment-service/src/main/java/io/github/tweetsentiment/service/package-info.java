/** The Cloud Run prediction service. */
package io.github.tweetsentiment.service;
