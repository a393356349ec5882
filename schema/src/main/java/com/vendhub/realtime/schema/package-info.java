/**
 * The product's wire contract in Java: the payloads machines publish, the events dashboards
 * receive, the MQTT topic and Socket.IO room names, and the database schema. Every other module
 * depends on this one and on nothing of each other's.
 */
package com.vendhub.realtime.schema;
