/**
 * Start-up failures a person can act on (docs/operations.md, "Start-up failures and exit codes"): the checks a
 * process makes before it starts anything (ports free, data directory not in use), the wait for its database,
 * and {@link com.vendhub.realtime.broker.startup.StartupFailure}, the one- or two-line message and exit code
 * per cause that {@code vendhub} prints instead of a stack trace.
 */
package com.vendhub.realtime.broker.startup;
