/** The one JSON configuration every module uses on the wire (Jackson, ISO-8601 instants). */
package com.vendhub.realtime.schema.json;
