package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ResponseBuffersTest {

    @Test
    void anArrayGivenBackIsTakenAgain() {
        ResponseBuffers buffers = new ResponseBuffers(2, 1024 * 1024);
        byte[] first = buffers.take();
        buffers.give(first);
        assertSame(first, buffers.take());
    }

    @Test
    void keepsAtMostItsCapacity() {
        ResponseBuffers buffers = new ResponseBuffers(2, 1024 * 1024);
        byte[] a = buffers.take();
        byte[] b = buffers.take();
        byte[] c = buffers.take();
        buffers.give(a);
        buffers.give(b);
        buffers.give(c);
        assertEquals(2, buffers.kept());
    }

    @Test
    void anArrayLargerThanTheLimitIsNotKept() {
        ResponseBuffers buffers = new ResponseBuffers(2, 64 * 1024);
        buffers.give(new byte[64 * 1024 + 1]);
        assertEquals(0, buffers.kept());
        byte[] fresh = buffers.take();
        assertEquals(ResponseBuffers.INITIAL_BYTES, fresh.length);
    }

    @Test
    void noneKeepsNothing() {
        ResponseBuffers buffers = ResponseBuffers.none();
        byte[] a = buffers.take();
        buffers.give(a);
        assertEquals(0, buffers.kept());
        assertNotSame(a, buffers.take());
    }
}
