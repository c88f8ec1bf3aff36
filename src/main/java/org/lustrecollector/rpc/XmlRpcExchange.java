package org.lustrecollector.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.serializer.TypeSerializer;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.xml.sax.SAXException;

/**
 * One XML-RPC exchange, from request body to answer: reads the call ({@link StrictRequestReader}, with its
 * parser pool and recently parsed calls), has it run, and writes the answer with {@link Utf8XmlWriter} into a
 * pooled array ({@link ResponseBuffers}), getTraps rows from {@link RowEncodings}, bounded by
 * {@link LargeAnswers}; the Content-Length is the writer's length. The server hands every request here.
 * A waitTraps call with nothing to answer yet ({@link TrapWait}) is handed to {@link Waits}, which has its
 * answer written later by the same writer and rows ({@link Reply}), once for all waiters given the same answer.
 */
final class XmlRpcExchange {
    /** What runs a call and names its failures. */
    interface Calls {
        Object execute(XmlRpcRequest call) throws XmlRpcException;

        /** The fault to answer for {@code error}, with its code; logs what needs logging. */
        XmlRpcException fault(Throwable error);
    }

    /** Where a waitTraps call waits: suspends the request and answers it later with bytes from {@link Reply}. */
    interface Waits {
        /** Never waits: every call is answered at once. */
        Waits NONE = (wait, request, reply) -> false;

        /** @return false when the call is to be answered now (too many waiting, stopping) */
        boolean suspend(TrapWait wait, HttpServletRequest request, Reply reply);
    }

    /** Writes a result as the whole answer of a suspended call (a fault when it cannot be written). */
    interface Reply {
        byte[] encode(Object result);
    }

    /** Kept for reuse across requests, at most 16 (the requests that run at once on a small server), none over 1 MB. */
    private final ResponseBuffers buffers = new ResponseBuffers(16, 1 << 20);
    private final RowEncodings encodings = new RowEncodings();
    private final StrictRequestReader reader;
    private final LargeAnswers largeAnswers;
    private final XmlRpcController controller;
    private final Waits waits;

    /** An exchange whose waitTraps calls answer at once. */
    XmlRpcExchange(XmlRpcController controller, RequestLimits limits, LargeAnswers largeAnswers) {
        this(controller, limits, largeAnswers, Waits.NONE);
    }

    /** @param controller the server, whose type factory reads request values */
    XmlRpcExchange(XmlRpcController controller, RequestLimits limits, LargeAnswers largeAnswers, Waits waits) {
        this.controller = controller;
        this.reader = new StrictRequestReader(limits);
        this.largeAnswers = largeAnswers;
        this.waits = waits;
    }

    /**
     * Reads the call from {@code body}, runs it and sends the answer (or fault) as {@code response}; or, for a
     * waitTraps call that waits, returns with the request suspended.
     */
    void answer(XmlRpcStreamRequestConfig config, HttpServletRequest request, InputStream body,
                HttpServletResponse response, Calls calls) throws IOException {
        Object result = null;
        XmlRpcException fault = null;
        try {
            result = calls.execute(reader.read(config, controller.getTypeFactory(), body));
            TrapWait wait = TrapWait.of(result);
            if (wait != null) {
                if (waits.suspend(wait, request, laterResult -> encode(config, laterResult, calls))) {
                    return;
                }
                result = wait.answer();
            }
        } catch (Throwable t) {
            fault = calls.fault(t);
        }
        send(config, result, fault, response, calls);
    }

    /** The whole answer for {@code result} as bytes, or the fault's when it cannot be written. */
    private byte[] encode(XmlRpcStreamRequestConfig config, Object result, Calls calls) {
        Answer answer = null;
        try {
            try {
                answer = result(config, result);
            } catch (XmlRpcException | RuntimeException e) {
                answer = fault(config, calls.fault(e));
            }
            return answer.bytes();
        } finally {
            if (answer != null) {
                answer.close();
            }
        }
    }

    /** Writes {@code result}, or {@code fault} when there is one, as the whole of {@code response}. */
    private void send(XmlRpcStreamRequestConfig config, Object result, XmlRpcException fault,
                      HttpServletResponse response, Calls calls) throws IOException {
        Answer answer = null;
        try {
            if (fault == null) {
                try {
                    answer = result(config, result);
                } catch (XmlRpcException | RuntimeException e) {
                    fault = calls.fault(e);
                }
            }
            if (answer == null) {
                answer = fault(config, fault);
            }
            response.setContentType("text/xml");
            response.setContentLengthLong(answer.length());
            OutputStream out = response.getOutputStream();
            answer.writeTo(out);
            // No flush: closing lets the container end the response its usual way, in one commit.
            out.close();
        } finally {
            if (answer != null) {
                answer.close();
            }
        }
    }

    /** The answer for {@code result}, written whole; close it once sent. */
    Answer result(XmlRpcStreamRequestConfig config, Object result) throws XmlRpcException {
        Answer answer = new Answer();
        try {
            new XmlRpcWriter(config, answer.writer, answer.types).write(config, result);
            return answer;
        } catch (SAXException e) {
            answer.close();
            if (e.getException() instanceof XmlRpcException x) {
                throw x;
            }
            throw new IllegalStateException("Failed to write an answer", e);
        } catch (RuntimeException e) {
            answer.close();
            throw e;
        }
    }

    /** The answer for {@code fault}; close it once sent. */
    Answer fault(XmlRpcStreamRequestConfig config, XmlRpcException fault) {
        Answer answer = new Answer();
        try {
            new XmlRpcWriter(config, answer.writer, answer.types).write(config, fault.code, fault.getMessage());
            return answer;
        } catch (SAXException e) {
            answer.close();
            throw new IllegalStateException("Failed to write a fault", e);
        }
    }

    /** A written answer: its bytes, and what it holds until they are sent. */
    final class Answer implements AutoCloseable {
        private final Utf8XmlWriter writer = new Utf8XmlWriter(buffers);
        private final TypeFactoryImpl types = new AnswerTypes(controller, this);
        private LargeAnswers.Hold hold;

        long length() {
            return writer.length();
        }

        void writeTo(OutputStream out) throws IOException {
            writer.writeTo(out);
        }

        /** A copy of the answer's bytes, which outlives {@link #close}. */
        byte[] bytes() {
            return writer.toByteArray();
        }

        /** Rows of the snapshot's encoding go in by reference; the answer holds their size until sent. */
        private void writeRows(TrapRows rows) throws SAXException {
            RowEncodings.Rows encoded = encodings.rows(rows.snapshot(), rows.first());
            if (hold == null) {
                try {
                    hold = largeAnswers.hold(encoded.count());
                } catch (XmlRpcException e) {
                    throw new SAXException(e);
                }
            }
            TrapRows.start(writer, "value");
            TrapRows.start(writer, "array");
            TrapRows.start(writer, "data");
            writer.append(encoded.xml(), encoded.from(), encoded.count());
            TrapRows.end(writer, "data");
            TrapRows.end(writer, "array");
            TrapRows.end(writer, "value");
        }

        @Override
        public void close() {
            writer.release();
            if (hold != null) {
                hold.close();
            }
        }
    }

    /** The library's types, and getTraps rows written by their answer. */
    private static final class AnswerTypes extends TypeFactoryImpl {
        private final TypeSerializer rows;

        AnswerTypes(XmlRpcController controller, Answer answer) {
            super(controller);
            this.rows = (out, value) -> answer.writeRows((TrapRows) value);
        }

        @Override
        public TypeSerializer getSerializer(XmlRpcStreamConfig config, Object object) throws SAXException {
            return object instanceof TrapRows ? rows : super.getSerializer(config, object);
        }
    }
}
