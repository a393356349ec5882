package com.vendhub.realtime.sim.model;

import com.vendhub.realtime.schema.model.ErrorSeverity;

/** A fault a machine can report, as its firmware would spell it. */
record FaultCode(String code, String message, ErrorSeverity severity) {
}
