/**
 * Text helpers shared by every module. {@link com.vendhub.realtime.schema.text.LogText} makes text
 * that came from a device, a dashboard or a backend service safe to write into a log line.
 */
package com.vendhub.realtime.schema.text;
