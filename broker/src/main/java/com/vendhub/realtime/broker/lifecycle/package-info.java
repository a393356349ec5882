/**
 * Process lifecycle shared by the three process kinds: {@link com.vendhub.realtime.broker.lifecycle.ShutdownOrder},
 * the one shutdown order (stop intake, drain, stop outputs, stop servers, stop the database) within one bound.
 */
package com.vendhub.realtime.broker.lifecycle;
