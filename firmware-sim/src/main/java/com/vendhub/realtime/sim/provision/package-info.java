/** Simulated machines provisioned through the platform's REST API with an admin token. */
package com.vendhub.realtime.sim.provision;
