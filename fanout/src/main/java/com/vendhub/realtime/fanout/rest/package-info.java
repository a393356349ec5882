/**
 * The organization-scoped REST API ({@code /api/v1/...}) of the contract, over the {@link
 * com.vendhub.realtime.fanout.rest.MachineDirectory} seam. Handlers run on the worker pool, never on
 * the event loop, because the directory hits the database.
 */
package com.vendhub.realtime.fanout.rest;
