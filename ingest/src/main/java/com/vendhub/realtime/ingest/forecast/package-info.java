/**
 * When will a bunker run empty ({@code emptyAt}, issue 6): a bounded, downsampled window of each
 * bunker's levels since its last refill, and a Theil–Sen fit of level against time over it.
 */
package com.vendhub.realtime.ingest.forecast;
