package com.vendhub.realtime.broker.mqtt;

import io.moquette.broker.Server;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a handler into the pipeline of every MQTT connection Moquette 0.17 accepts, right before its own
 * MQTT handler. Moquette offers no way to add one: NewNettyAcceptor#initFactory builds each listener's
 * ServerBootstrap with a private ChannelInitializer (configureMQTTPipeline: ... "decoder", "encoder",
 * "metrics", "messageLogger", "handler"), and Server keeps the acceptor in a private field. So, once
 * Moquette has bound its listeners, this reads {@code Server.acceptor} and {@code NewNettyAcceptor.bossGroup}
 * (the only reflection, pinned to Moquette 0.17 by the tests: it fails the start if either is missing),
 * finds the bound server channels on the boss event loops through Netty's public
 * {@link SingleThreadEventLoop#registeredChannelsIterator()}, and puts an accept hook first in each
 * server channel's pipeline. That hook sees every accepted child channel before Netty's
 * ServerBootstrapAcceptor registers it, and adds a one-shot installer to it; the installer runs when the
 * child is registered, after Moquette's initializer built the pipeline, and puts the handler before
 * {@code "handler"}, before any byte of the connection is read.
 */
final class PipelineHook {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineHook.class);
    /** Moquette 0.17's name of its MQTT handler in the connection pipeline (NewNettyAcceptor#configureMQTTPipeline). */
    static final String MOQUETTE_HANDLER = "handler";
    private static final String ACCEPT_HOOK = "vendhub-accept-hook";
    private static final String INSTALLER = "vendhub-handler-installer";

    private PipelineHook() {
    }

    /**
     * Installs {@code handlers} (sharable, by name, in this order) before Moquette's handler on every listener;
     * returns how many listeners.
     */
    static int install(Server server, java.util.LinkedHashMap<String, ChannelHandler> handlers) throws IOException {
        String name = String.join("+", handlers.keySet());
        EventLoopGroup boss = bossGroup(server);
        AcceptHook hook = new AcceptHook(java.util.List.copyOf(handlers.entrySet()));
        int listeners = 0;
        for (EventExecutor executor : boss) {
            if (!(executor instanceof SingleThreadEventLoop loop)) {
                throw new IOException("Moquette's boss event loop is a " + executor.getClass().getName()
                        + ", not a SingleThreadEventLoop: cannot install " + name);
            }
            try {
                // registeredChannelsIterator must be called on the loop itself.
                listeners += loop.submit(() -> {
                    int n = 0;
                    for (Iterator<Channel> it = loop.registeredChannelsIterator(); it.hasNext(); ) {
                        Channel c = it.next();
                        if (c instanceof ServerChannel && c.pipeline().get(ACCEPT_HOOK) == null) {
                            c.pipeline().addFirst(ACCEPT_HOOK, hook);
                            n++;
                        }
                    }
                    return n;
                }).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while installing " + name, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not install " + name + " on Moquette's listeners", e);
            }
        }
        return listeners;
    }

    private static EventLoopGroup bossGroup(Server server) throws IOException {
        try {
            Object acceptor = field(Server.class, "acceptor").get(server);
            if (acceptor == null) {
                throw new IOException("Moquette has no acceptor: was the server started?");
            }
            return (EventLoopGroup) field(acceptor.getClass(), "bossGroup").get(acceptor);
        } catch (ReflectiveOperationException | ClassCastException | SecurityException e) {
            throw new IOException("Moquette " + Server.MOQUETTE_VERSION + " does not have the acceptor this hook was "
                    + "written for (Server.acceptor, NewNettyAcceptor.bossGroup); see PipelineHook", e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** First in a server channel's pipeline: gives every accepted connection the installer. */
    @ChannelHandler.Sharable
    private static final class AcceptHook extends ChannelInboundHandlerAdapter {
        private final java.util.List<java.util.Map.Entry<String, ChannelHandler>> handlers;

        AcceptHook(java.util.List<java.util.Map.Entry<String, ChannelHandler>> handlers) {
            this.handlers = handlers;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                // Added before ServerBootstrapAcceptor adds Moquette's initializer, so it runs first on
                // registration; its channelRegistered comes after that initializer built the pipeline.
                child.pipeline().addLast(INSTALLER, new Installer(handlers));
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** One per connection: puts the handler before Moquette's and removes itself. */
    private static final class Installer extends ChannelInboundHandlerAdapter {
        private final java.util.List<java.util.Map.Entry<String, ChannelHandler>> handlers;

        Installer(java.util.List<java.util.Map.Entry<String, ChannelHandler>> handlers) {
            this.handlers = handlers;
        }

        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            ChannelPipeline p = ctx.pipeline();
            if (p.get(MOQUETTE_HANDLER) != null) {
                for (java.util.Map.Entry<String, ChannelHandler> h : handlers) {
                    p.addBefore(MOQUETTE_HANDLER, h.getKey(), h.getValue()); // each after the one before it
                }
            } else {
                // GuardedAuthenticator refuses what did not pass; close at once rather than wait for that.
                LOG.error("Moquette's pipeline has no '{}' handler: closing the connection (nothing installed)",
                        MOQUETTE_HANDLER);
                ctx.close();
            }
            p.remove(this);
            ctx.fireChannelRegistered();
        }
    }
}
