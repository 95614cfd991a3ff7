import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many live-query subscribers on one engine, with writes at a steady rate. Each subscriber follows one row of
 * {@code reading} by primary key; the documents differ by alias across {@code cohorts} plans; the rows it follows are
 * spread over {@code rows} ids. A write stamps a row with the time it was made, so each message tells how long the
 * change took to reach that subscriber. Prints the subscribers connected, the messages received and the latency from
 * write to message (p50, p99, max), in milliseconds.
 *
 * Usage: java bench/SubscriptionLoad.java PORT SUBSCRIBERS COHORTS ROWS SECONDS WRITES_PER_SECOND
 * (needs no JDBC driver: writes go through the engine's own mutations).
 */
public final class SubscriptionLoad {
    private static final Pattern STAMP = Pattern.compile("\"stamp\"\\s*:\\s*\"?(\\d+)");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int subscribers = Integer.parseInt(args[1]);
        int cohorts = Integer.parseInt(args[2]);
        int rows = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int writesPerSecond = Integer.parseInt(args[5]);
        int perSocket = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/v1/graphql");
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger messages = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
        int socketCount = (subscribers + perSocket - 1) / perSocket;
        for (int i = 0; i < socketCount; i++) {
            // A socket carries perSocket subscriptions (as an app's one socket carries all of its own).
            List<String> subscribes = new ArrayList<>();
            for (int k = i * perSocket; k < Math.min(subscribers, (i + 1) * perSocket); k++) {
                subscribes.add("{\"type\":\"subscribe\",\"id\":\"" + k + "\",\"payload\":{\"query\":"
                        + "\"subscription ($id: Int!) { r" + (k % cohorts) + ": reading_by_pk(id: $id) { stamp } }\","
                        + "\"variables\":{\"id\":" + (1 + k % rows) + "}}}");
            }
            sockets.add(http.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                    .buildAsync(uri, new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public void onOpen(WebSocket ws) {
                            ws.sendText("{\"type\":\"connection_init\"}", true);
                            ws.request(1);
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                            failures.add("closed " + status + " " + reason);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket ws, Throwable error) {
                            failures.add(String.valueOf(error));
                        }

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                String message = text.toString();
                                text.setLength(0);
                                long now = System.currentTimeMillis();
                                if (message.contains("connection_ack")) {
                                    acked.addAndGet(subscribes.size());
                                    // One send at a time on a socket: each after the one before has gone.
                                    CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(ws);
                                    for (String m : subscribes) {
                                        sent = sent.thenCompose(w -> w.sendText(m, true));
                                    }
                                } else if (message.contains("\"next\"")) {
                                    messages.incrementAndGet();
                                    Matcher m = STAMP.matcher(message);
                                    if (m.find() && Long.parseLong(m.group(1)) > 0) {
                                        latencies.add(now - Long.parseLong(m.group(1)));
                                    }
                                } else if (message.contains("\"ping\"")) {
                                    ws.sendText("{\"type\":\"pong\",\"payload\":{\"message\":\"keepalive\"}}", true);
                                }
                            }
                            ws.request(1);
                            return null;
                        }
                    }));
            if (i % (250 / perSocket + 1) == 250 / perSocket) {
                Thread.sleep(250);
            }
        }
        long joinBy = System.currentTimeMillis() + 180_000;
        int opened = 0;
        for (CompletableFuture<WebSocket> socket : sockets) {
            try {
                socket.get(Math.max(1, joinBy - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                opened++;
            } catch (Exception e) {
                failures.add(String.valueOf(e.getCause() != null ? e.getCause() : e));
            }
        }
        while (acked.get() < Math.min(subscribers, opened * perSocket) && System.currentTimeMillis() < joinBy) {
            Thread.sleep(100);
        }
        System.out.printf("opened %d of %d sockets, %d subscriptions acknowledged%s%n", opened, socketCount, acked.get(),
                failures.isEmpty() ? "" : "; " + failures.size() + " failures, first: " + failures.peek());
        Thread.sleep(3_000);
        messages.set(0);
        latencies.clear();
        // The script measures the engine and Postgres between these two lines: while every subscriber listens.
        System.out.println("writing");
        System.out.flush();
        long end = System.currentTimeMillis() + seconds * 1000L;
        long every = Math.max(1, 1000 / Math.max(1, writesPerSecond));
        int writes = 0;
        while (System.currentTimeMillis() < end) {
            int id = 1 + writes % rows;
            String body = "{\"query\":\"mutation { update_reading_by_pk(pk_columns: {id: " + id + "}, _set: {stamp: "
                    + System.currentTimeMillis() + "}) { id } }\"}";
            http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/graphql"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            writes++;
            Thread.sleep(every);
        }
        System.out.println("written");
        System.out.flush();
        Thread.sleep(3_000);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("subscribers %d, cohorts %d, writes %d, messages %d%n", acked.get(), cohorts, writes,
                messages.get());
        if (!sorted.isEmpty()) {
            System.out.printf("write-to-message ms: p50 %d, p99 %d, max %d%n", sorted.get(sorted.size() / 2),
                    sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1));
        }
        sockets.forEach(s -> s.join().abort());
        System.exit(0);
    }
}
