package io.quarry.engine.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of Postgres that reads the client's side of the wire protocol and counts the
 * statements sent for execution: simple queries ({@code Q}) and executions of prepared ones ({@code E}).
 */
public final class CountingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String host;
    private final int targetPort;
    private final AtomicInteger statements = new AtomicInteger();

    private CountingProxy(ServerSocket listener, String host, int targetPort) {
        this.listener = listener;
        this.host = host;
        this.targetPort = targetPort;
    }

    public static CountingProxy start(String host, int port) {
        try {
            CountingProxy proxy = new CountingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), host, port);
            Thread accept = new Thread(proxy::acceptLoop, "counting-proxy");
            accept.setDaemon(true);
            accept.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proxy in front of the server of the {@code postgres://} URL {@code databaseUrl}. */
    public static CountingProxy before(String databaseUrl) {
        java.net.URI target = java.net.URI.create(databaseUrl);
        return start(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort());
    }

    /** {@code databaseUrl} (of the server this proxy stands before) by way of this proxy. */
    public String through(String databaseUrl) {
        java.net.URI target = java.net.URI.create(databaseUrl);
        return databaseUrl.replace(target.getRawAuthority().substring(target.getRawAuthority().indexOf('@') + 1),
                "127.0.0.1:" + port());
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void reset() {
        statements.set(0);
    }

    public int statements() {
        return statements.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, targetPort);
                daemon(() -> clientToServer(client, server));
                daemon(() -> pipe(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread t = new Thread(task, "counting-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private void clientToServer(Socket client, Socket server) {
        try (client; server) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(server.getOutputStream());
            int startupLength = in.readInt();
            byte[] startup = in.readNBytes(startupLength - 4);
            out.writeInt(startupLength);
            out.write(startup);
            out.flush();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                if (type == 'Q' || type == 'E') {
                    statements.incrementAndGet();
                }
                out.write(type);
                out.writeInt(length);
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // The connection ended.
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
        } catch (IOException e) {
            // The connection ended.
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
