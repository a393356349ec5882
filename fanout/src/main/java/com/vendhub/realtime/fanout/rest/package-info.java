/**
 * The organization-scoped REST API ({@code /api/v1/...}) of the contract, over schema's machine
 * registry ({@link com.vendhub.realtime.schema.machines.MachineRegistry}) and the ingesting process's
 * live state ({@link com.vendhub.realtime.schema.machines.MachineLiveState}). Handlers run on the
 * worker pool, never on the event loop, because the registry hits the database.
 */
package com.vendhub.realtime.fanout.rest;
