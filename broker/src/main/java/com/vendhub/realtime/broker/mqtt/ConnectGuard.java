package com.vendhub.realtime.broker.mqtt;

import com.vendhub.realtime.broker.auth.ClientIdForm;
import com.vendhub.realtime.broker.auth.ConnectRefusals;
import com.vendhub.realtime.broker.auth.DeviceTopicPolicy;
import com.vendhub.realtime.schema.text.LogText;
import com.vendhub.realtime.schema.text.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every decoded CONNECT in Moquette's Netty pipeline, before Moquette's own handler
 * (NewNettyMQTTHandler, pipeline name {@code "handler"}) sees it, and answers a refusal itself
 * (CONNACK with the return code, then close), so that no session, no Will and no rate-limit entry
 * exists for the refused client:
 * <ul>
 *   <li>a client id not of the contract's forms ({@link ClientIdForm}): return code 0x02, identifier
 *       rejected (MQTT 3.1.1, 3.2.2.3). Moquette would hand an id of up to 64 KiB to the authenticator.</li>
 *   <li>a Last Will the contract does not allow ({@link DeviceTopicPolicy#willRefusal}): return code 0x05,
 *       not authorized. Moquette 0.17 stores the Will with the session (SessionRegistry#createNewSession)
 *       and fires it on connection loss straight to the subscribers (MQTTConnection#processConnectionLost,
 *       PostOffice#fireWill), with neither the ACL nor an interceptor in between, and its interceptors only
 *       hear of a CONNECT after the CONNACK. Closing such a session afterwards would still fire the forged Will;
 *       refusing it here means it is never stored (docs/security.md, "CONNECT: checked before a session
 *       exists").</li>
 * </ul>
 * Sharable: it keeps no per-connection state but a channel attribute. A CONNECT it lets through is marked
 * for the length of the call into Moquette, so that {@link GuardedAuthenticator} can refuse any CONNECT
 * that did not pass here (fail closed should the pipeline hook ever miss a connection).
 */
@ChannelHandler.Sharable
public final class ConnectGuard extends ChannelInboundHandlerAdapter {

    /** The name of this handler in Moquette's pipeline. */
    public static final String NAME = "vendhub-connect-guard";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectGuard.class);
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("vendhub.connect.refused");

    private final DeviceTopicPolicy policy;
    private final LogThrottle throttle;
    private final MeterRegistry metrics;
    private final Counter willRefused;
    private final ConnectRefusals refusals;
    /** The client id of the CONNECT this thread is handing to Moquette right now. */
    private final ThreadLocal<String> passing = new ThreadLocal<>();

    public ConnectGuard(DeviceTopicPolicy policy, LogThrottle throttle, MeterRegistry metrics) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.willRefused = Counter.builder("vendhub.broker.will.refused")
                .description("CONNECTs refused because their Last Will was not offline on the client's own status topic")
                .register(metrics);
        this.refusals = new ConnectRefusals("vendhub.broker.connect.refused",
                "CONNECTs refused before authentication, by reason", LogText.DEFAULT_MAX_CHARS, LOG, throttle, metrics);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (Boolean.TRUE.equals(ctx.channel().attr(REFUSED).get())) {
            ReferenceCountUtil.release(msg); // whatever a refused client sent after its CONNECT
            return;
        }
        if (!(msg instanceof MqttConnectMessage connect) || connect.decoderResult().isFailure()) {
            ctx.fireChannelRead(msg); // Moquette closes a connection whose packet failed to decode
            return;
        }
        Optional<MqttConnectReturnCode> refusal;
        try {
            refusal = check(connect);
        } catch (RuntimeException e) {
            LOG.error("CONNECT check failed unexpectedly; refusing", e);
            refusal = Optional.of(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
        }
        if (refusal.isPresent()) {
            ReferenceCountUtil.release(msg);
            ctx.channel().attr(REFUSED).set(Boolean.TRUE);
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(refusal.get()).sessionPresent(false).build())
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        passing.set(connect.payload().clientIdentifier());
        try {
            ctx.fireChannelRead(msg);
        } finally {
            passing.remove();
        }
    }

    /** The registry this guard counts in (the {@link ConnAckBarrier} behind it counts there too). */
    MeterRegistry metrics() {
        return metrics;
    }

    /** The log throttle this guard's lines share (the {@link ConnAckBarrier} behind it logs through it too). */
    LogThrottle throttle() {
        return throttle;
    }

    /** True when the CONNECT of {@code clientId} is passing this guard on the calling thread right now. */
    boolean passing(String clientId) {
        String id = passing.get();
        return id != null && id.equals(clientId);
    }

    /** Counts and logs a CONNECT that reached the authenticator without passing here. */
    void refusedUnguarded(String clientId) {
        refusals.refused("unguarded", clientId);
    }

    private Optional<MqttConnectReturnCode> check(MqttConnectMessage connect) {
        String clientId = connect.payload().clientIdentifier();
        Optional<String> badId = ClientIdForm.refusal(clientId);
        if (badId.isPresent()) {
            refusals.refused(badId.get(), clientId);
            return Optional.of(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
        }
        if (connect.variableHeader().isWillFlag()) {
            Optional<String> badWill = policy.willRefusal(connect.payload().willTopic(),
                    connect.payload().willMessageInBytes(), connect.payload().userName());
            if (badWill.isPresent()) {
                willRefused.increment();
                refusals.refused(badWill.get(), clientId);
                return Optional.of(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            }
        }
        return Optional.empty();
    }

}
