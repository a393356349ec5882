/**
 * The seam between ingest (and backend publishers) and the fan-out: a {@link
 * com.vendhub.realtime.schema.events.RoomEvent} is an event already encoded to JSON once, addressed
 * to one room of one organization. Ingest and fan-out never import each other; they meet here.
 */
package com.vendhub.realtime.schema.events;
