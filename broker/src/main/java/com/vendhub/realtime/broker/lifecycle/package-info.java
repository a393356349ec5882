/** Process lifecycle shared by the commands' composition roots: what started is stopped in reverse. */
package com.vendhub.realtime.broker.lifecycle;
