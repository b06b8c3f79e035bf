package io.github.tweetsentiment.inference;

import io.github.tweetsentiment.core.ShareCorrection;

/**
 * What the sentiment endpoint serves at the moment it was asked: the model version its predictions
 * carry, and that version's share correction.
 *
 * @param version the version; null when the service names none
 * @param shareCorrection null when the model ships none
 */
public record ServedModel(String version, ShareCorrection shareCorrection) {}
