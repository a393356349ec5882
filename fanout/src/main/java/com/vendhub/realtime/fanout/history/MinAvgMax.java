package com.vendhub.realtime.fanout.history;

/** Minimum, mean and maximum of one quantity within a bucket. */
public record MinAvgMax(double min, double avg, double max) {
}
