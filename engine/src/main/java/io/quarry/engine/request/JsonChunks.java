package io.quarry.engine.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UTF-8 JSON kept in the chunks it was written in. A large database's introspection runs to hundreds of megabytes:
 * gathering it into one array would hold it twice while it is copied, and a response can be sent from the chunks.
 */
public final class JsonChunks {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int FIRST_CHUNK = 8 * 1024;
    private static final int LARGEST_CHUNK = 1024 * 1024;

    private final List<byte[]> chunks;
    private final int length;

    private JsonChunks(List<byte[]> chunks, int length) {
        this.chunks = List.copyOf(chunks);
        this.length = length;
    }

    /** Something that writes JSON to a generator. */
    @FunctionalInterface
    interface Writing {
        void write(JsonGenerator out) throws IOException;
    }

    /**
     * The JSON {@code writing} writes, as an {@code ObjectMapper} writes it to a String. Through a Writer, not
     * Jackson's UTF-8 generator: that one escapes characters beyond the BMP ({@code \uD83D\uDE00}), a String keeps
     * them as they are.
     */
    static JsonChunks write(Writing writing) {
        Output output = new Output();
        try (JsonGenerator out = FACTORY.createGenerator(new OutputStreamWriter(output, StandardCharsets.UTF_8))) {
            writing.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return output.finish();
    }

    /** The number of bytes. */
    public int length() {
        return length;
    }

    /** The bytes as read-only buffers, new ones on every call so that their readers share no position. */
    public List<ByteBuffer> buffers() {
        List<ByteBuffer> buffers = new ArrayList<>(chunks.size());
        chunks.forEach(c -> buffers.add(ByteBuffer.wrap(c).asReadOnlyBuffer()));
        return buffers;
    }

    /** The JSON as text. */
    @Override
    public String toString() {
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return new String(all, StandardCharsets.UTF_8);
    }

    /** Fills chunks that double in size up to a megabyte: a small answer stays small, a large one is never copied. */
    private static final class Output extends OutputStream {
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current = new byte[FIRST_CHUNK];
        private int used;
        private int length;

        @Override
        public void write(int b) {
            if (used == current.length) {
                next();
            }
            current[used++] = (byte) b;
            length = Math.addExact(length, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            length = Math.addExact(length, count);
            while (count > 0) {
                if (used == current.length) {
                    next();
                }
                int n = Math.min(count, current.length - used);
                System.arraycopy(bytes, offset, current, used, n);
                used += n;
                offset += n;
                count -= n;
            }
        }

        private void next() {
            full.add(current);
            current = new byte[Math.min(current.length * 2, LARGEST_CHUNK)];
            used = 0;
        }

        JsonChunks finish() {
            if (used > 0) {
                full.add(Arrays.copyOf(current, used));
            }
            return new JsonChunks(full, length);
        }
    }
}
