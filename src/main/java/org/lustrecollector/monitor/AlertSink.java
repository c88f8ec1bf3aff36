package org.lustrecollector.monitor;

import java.io.IOException;
import java.util.List;

/** Where the relay sends alerts: an Alertmanager ({@link AlertmanagerClient}). */
interface AlertSink {
    /** How the logs name it: its URL. */
    String name();

    /** Sends one batch; throws with the reason when it was not taken. */
    void post(List<Alert> batch) throws IOException, InterruptedException;
}
