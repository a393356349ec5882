/**
 * The composition root: {@link com.vendhub.realtime.broker.app.VendhubServer} builds every part
 * by hand (constructor injection, no framework), starts them in dependency order and stops them in
 * reverse. Also the demo fleet and the periodic status line.
 */
package com.vendhub.realtime.broker.app;
