/** MQTT topic names of the contract (docs/contract.md, "MQTT"), built and parsed in one place. */
package com.vendhub.realtime.schema.topics;
