/**
 * Turns untrusted device bytes into validated records, or into a rejection that names the rule
 * broken. Hand-written over Jackson's tree so every rejection says exactly which field failed
 * (the reason is stored with the dead letter and shown to operators).
 */
package com.vendhub.realtime.schema.validation;
