package com.vendhub.realtime.broker.testing;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the broker answers to a client's SUBSCRIBE, granted or refused, for the ACL tests. */
public final class Subscriptions {

    private Subscriptions() {
    }

    /** The SUBACK return code for one QoS 1 subscription to {@code filter}. */
    public static Mqtt3SubAckReturnCode subscribe(Mqtt3BlockingClient client, String filter) {
        try {
            return client.toAsync().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS).getReturnCodes().get(0);
        } catch (ExecutionException e) {
            // HiveMQ fails the future when every return code is a failure; the SUBACK is in the exception.
            if (e.getCause() instanceof Mqtt3SubAckException refused) {
                return refused.getMqttMessage().getReturnCodes().get(0);
            }
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no SUBACK for " + filter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
