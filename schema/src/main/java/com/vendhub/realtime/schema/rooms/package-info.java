/**
 * Socket.IO room names of the contract (docs/contract.md, "Socket.IO fan-out": rooms and who may join them). Parsing is strict: a name
 * that is not exactly one of the contract's forms is no room at all, so odd input can never alias
 * a real room.
 */
package com.vendhub.realtime.schema.rooms;
