/**
 * Text helpers shared by every module. {@link com.vendhub.realtime.schema.text.LogText} makes text
 * that came from a device, a dashboard or a backend service safe to write into a log line; {@link
 * com.vendhub.realtime.schema.text.LogThrottle} keeps a flood of such lines (bad input from a device,
 * an unreachable peer) down to one per key and interval.
 */
package com.vendhub.realtime.schema.text;
