/**
 * Provisioned machines and their device tokens. A token is 256 random bits shown once; only its
 * SHA-256 is stored (a fast hash is right for high-entropy secrets) and compared in constant time.
 */
package com.vendhub.realtime.ingest.machines;
