/**
 * Tests only: the main of the child JVM that runs HiveMQ Community Edition embedded as the second external
 * MQTT 5 broker of the cluster tests (broker module, {@code cluster.HiveMqCe}). The JVM's classpath is
 * HiveMQ CE's own, resolved by this module into the resource {@code hivemq-ce.classpath}.
 */
package com.vendhub.realtime.testbroker.hivemq;
