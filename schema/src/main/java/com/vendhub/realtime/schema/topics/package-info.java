/** MQTT topic names of the contract ("MQTT" table), built and parsed in one place. */
package com.vendhub.realtime.schema.topics;
