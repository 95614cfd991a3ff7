package io.quarry.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A GraphQL WebSocket client for tests, on the JDK's WebSocket: sends text messages, collects those received (keep-alive
 * messages apart) and how the server closed the socket.
 */
public final class SocketClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEEP_ALIVE = Set.of("ka", "ping");

    /** How the server closed the socket. */
    public record Closed(int code, String reason) {
    }

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> keepAlives = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private SocketClient(URI uri, String subProtocol) {
        StringBuilder text = new StringBuilder();
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(subProtocol)
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                try {
                                    JsonNode message = JSON.readTree(text.toString());
                                    (KEEP_ALIVE.contains(message.path("type").asText()) ? keepAlives : messages)
                                            .add(message);
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                            closed.complete(new Closed(code, reason));
                            return null;
                        }

                        @Override
                        public void onError(WebSocket ws, Throwable error) {
                            closed.complete(new Closed(-1, String.valueOf(error)));
                        }
                    }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + uri, e);
        }
    }

    /** A socket on a server's {@code /v1/graphql} speaking {@code subProtocol}. */
    public static SocketClient connect(TestServer server, String subProtocol) {
        return new SocketClient(URI.create("ws://127.0.0.1:" + server.port() + "/v1/graphql"), subProtocol);
    }

    public String subProtocol() {
        return socket.getSubprotocol();
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    /** The next message that is not a keep-alive, within {@code timeout}; null if none came. */
    public JsonNode next(Duration timeout) {
        try {
            return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message, which must come within five seconds. */
    public JsonNode next() {
        JsonNode message = next(Duration.ofSeconds(5));
        if (message == null) {
            throw new AssertionError("no message within 5 s");
        }
        return message;
    }

    /** The next keep-alive message, within {@code timeout}; null if none came. */
    public JsonNode keepAlive(Duration timeout) {
        try {
            return keepAlives.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Closed closed(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the socket was not closed within " + timeout, e);
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }
}
