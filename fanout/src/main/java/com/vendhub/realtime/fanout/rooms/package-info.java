/**
 * Tenant isolation: {@link com.vendhub.realtime.fanout.rooms.RoomAccessPolicy} decides who may join
 * which room (the contract's room table) and {@link com.vendhub.realtime.fanout.rooms.RoomRegistry}
 * keeps members keyed by (organization, room), so two organizations' rooms of the same name never
 * meet.
 */
package com.vendhub.realtime.fanout.rooms;
