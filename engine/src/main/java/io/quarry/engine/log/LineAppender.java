package io.quarry.engine.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes encoded lines to a stream from the one thread of an {@link AsyncAppender}, flushing whenever its queue is
 * empty: lines go out in batches under load and at once when quiet, and a request never waits on the output.
 */
final class LineAppender extends OutputStreamAppender<ILoggingEvent> {
    /** Lines waiting past this many are dropped rather than let memory grow or a caller block. */
    private static final int QUEUE = 1 << 16;

    private AsyncAppenderBase<ILoggingEvent> queue;

    /** An asynchronous appender writing JSON lines to {@code out}, started, never blocking the threads that log. */
    static AsyncAppender attach(LoggerContext context, OutputStream out, String name) {
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(name);
        async.setQueueSize(QUEUE);
        // Keep every level until the queue is full (Logback drops info lines at 80% by default), then drop.
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.setIncludeCallerData(false);
        async.setMaxFlushTime(5000);
        LineAppender lines = new LineAppender();
        lines.queue = async;
        lines.setContext(context);
        lines.setName(name + "-lines");
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        lines.setEncoder(encoder);
        lines.setImmediateFlush(false);
        lines.setOutputStream(new Unclosed(out));
        lines.start();
        async.addAppender(lines);
        async.start();
        return async;
    }

    /** The stream given, flushed but never closed when the appender stops: it is the caller's (System.out, say). */
    private static final class Unclosed extends FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    @Override
    protected void writeOut(ILoggingEvent event) throws IOException {
        super.writeOut(event);
        if (queue.getNumberOfElementsInQueue() == 0) {
            getOutputStream().flush();
        }
    }
}
