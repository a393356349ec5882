/**
 * Events from the VendHub backend: {@code POST /api/v1/events} turns an authorized request into a
 * {@link com.vendhub.realtime.schema.events.RoomEvent} and hands it to the same sink the MQTT event
 * stream ({@code vendhub/events/{room}}) feeds, so both paths reach exactly the room's subscribers of
 * one organization.
 */
package com.vendhub.realtime.fanout.events;
