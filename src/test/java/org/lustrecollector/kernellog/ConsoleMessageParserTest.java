package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lustrecollector.kernellog.ConsoleMessageParser.Recognised;
import org.lustrecollector.kernellog.ConsoleMessageParser.Skipped;

/** Each form in the wording of 2.12–2.15 (with console codes) and of 2.16 (without). */
class ConsoleMessageParserTest {
    private static final String DEV = "lustre-OST0003-osc-MDT0000";
    private final ConsoleMessageParser parser = new ConsoleMessageParser();

    private static Recognised recognised(ConsoleEvent event, String device, String text) {
        return new Recognised(event, device, "", text);
    }

    @Test
    void connectionLostReplayableAndNot() {
        String replayable = DEV + ": Connection to lustre-OST0003 (at 10.0.0.13@o2ib) was lost; in progress operations "
                + "using this service will wait for recovery to complete";
        assertEquals(recognised(ConsoleEvent.CONNECTION_LOST, DEV, replayable), parser.parse("Lustre: " + replayable));
        String failing = "MGC10.0.0.1@o2ib: Connection to MGS (at 10.0.0.1@o2ib) was lost; in progress operations "
                + "using this service will fail";
        Recognised expected = recognised(ConsoleEvent.CONNECTION_LOST, "MGC10.0.0.1@o2ib", failing);
        assertEquals(expected, parser.parse("LustreError: 166-1: " + failing));
        assertEquals(expected, parser.parse("LustreError: " + failing));
    }

    @Test
    void connectionRestoredWithUuidOrNid() {
        String text = DEV + ": Connection restored to 10.0.0.13@o2ib (at 10.0.0.13@o2ib)";
        assertEquals(recognised(ConsoleEvent.CONNECTION_RESTORED, DEV, text), parser.parse("Lustre: " + text));
        String uuid = DEV + ": Connection restored to lustre-OST0003_UUID (at 10.0.0.13@o2ib)";
        assertEquals(recognised(ConsoleEvent.CONNECTION_RESTORED, DEV, uuid), parser.parse("Lustre: " + uuid));
    }

    @Test
    void operationFailed() {
        String text = DEV + ": operation ost_connect to node 10.0.0.13@o2ib failed: rc = -19";
        Recognised expected = recognised(ConsoleEvent.OPERATION_FAILED, DEV, text);
        assertEquals(expected, parser.parse("LustreError: 11-0: " + text));
        assertEquals(expected, parser.parse("LustreError: " + text));
    }

    @Test
    void evicted() {
        String text = DEV + ": This client was evicted by lustre-OST0003; in progress operations using this service will fail.";
        Recognised expected = recognised(ConsoleEvent.EVICTED, DEV, text);
        assertEquals(expected, parser.parse("LustreError: 167-0: " + text));
        assertEquals(expected, parser.parse("LustreError: " + text));
    }

    @Test
    void assertionAndLbugKeepTheirSourceLocation() {
        assertEquals(new Recognised(ConsoleEvent.ASSERTION, "", "dcache.c:136:ll_ddelete()", "ASSERTION( d_count(de) == 1 ) failed:"),
                parser.parse("LustreError: 1246375:0:(dcache.c:136:ll_ddelete()) ASSERTION( d_count(de) == 1 ) failed: "));
        assertEquals(new Recognised(ConsoleEvent.LBUG, "", "dcache.c:136:ll_ddelete()", "LBUG"),
                parser.parse("LustreError: 1246375:0:(dcache.c:136:ll_ddelete()) LBUG"));
    }

    @Test
    void unhealthyInBothForms() {
        assertEquals(recognised(ConsoleEvent.UNHEALTHY, "lustre-MDT0000", "lustre-MDT0000: device reported unhealthy"),
                parser.parse("LustreError: lustre-MDT0000: device reported unhealthy"));
        assertEquals(recognised(ConsoleEvent.UNHEALTHY, "lustre-OST0012", "device lustre-OST0012 reported unhealthy"),
                parser.parse("LustreError: device lustre-OST0012 reported unhealthy"));
    }

    @Test
    void otherErrorsNameTheirDeviceWhenTheyStartWithOne() {
        assertEquals(new Recognised(ConsoleEvent.OTHER_ERROR, DEV, "osp_precreate.c:656:osp_precreate_send()",
                        DEV + ": can't precreate: rc = -28"),
                parser.parse("LustreError: 6034:0:(osp_precreate.c:656:osp_precreate_send()) " + DEV + ": can't precreate: rc = -28"));
        String noTarget = "lustre-OST0007_UUID: not available for connect from 10.0.0.21@o2ib (no target).";
        assertEquals(recognised(ConsoleEvent.OTHER_ERROR, "lustre-OST0007_UUID", noTarget),
                parser.parse("LustreError: 137-5: " + noTarget));
        String noDevice = "Failed to get MGS log scratch-client and no local copy.";
        assertEquals(recognised(ConsoleEvent.OTHER_ERROR, "", noDevice), parser.parse("LustreError: 13a-8: " + noDevice));
    }

    @Test
    void skippedCountsInAnyPrefix() {
        assertEquals(new Skipped(3), parser.parse("LustreError: Skipped 3 previous similar messages"));
        assertEquals(new Skipped(1), parser.parse("Lustre: Skipped 1 previous similar message"));
        assertEquals(new Skipped(11),
                parser.parse("LustreError: 6034:0:(osp_precreate.c:656:osp_precreate_send()) Skipped 11 previous similar messages"));
        assertEquals(new Skipped(4),
                parser.parse("LNetError: 3871:0:(o2iblnd_cb.c:3472:kiblnd_check_conns()) Skipped 4 previous similar messages"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Lustre: Lustre: Build Version: 2.15.3",
        "Lustre: lustre-MDT0000: Imperative Recovery not enabled, recovery window 300-900",
        "Lustre: 4123:0:(client.c:2295:ptlrpc_expire_one_request()) @@@ Request sent has timed out for slow reply",
        "LNetError: 3871:0:(o2iblnd_cb.c:3397:kiblnd_check_txs_locked()) Timed out tx: active_txs, 0 seconds",
        "LNet: Added LNI 10.0.0.2@o2ib [8/256/0/180]",
    })
    void otherLustreAndLnetMessagesMakeNoTrap(String message) {
        assertEquals(ConsoleMessageParser.Uninteresting.LINE, parser.parse(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pid: 1246375, comm: su", "Kernel panic - not syncing: LBUG", "LustreErrors: x", "lustre: x", ""})
    void otherKernelMessagesAreNotConsoleMessages(String message) {
        assertEquals(ConsoleMessageParser.NotConsole.LINE, parser.parse(message));
    }
}
