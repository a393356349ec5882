/**
 * When will a bunker run empty ({@code emptyAt}; docs/alerts-and-forecasts.md): a bounded,
 * downsampled window of each bunker's levels since its last refill, and a Theil–Sen fit of level
 * against time over it.
 */
package com.vendhub.realtime.ingest.forecast;
