package org.lustrecollector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shipped conf/prometheus files, run by Debian's promtool: the rules' own unit tests, and the scrape example. */
class PrometheusRulesTest {
    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        Promtool.Result check = Promtool.run(new byte[0], "check", "rules", "conf/prometheus/lustre-collector.rules.yml");
        assertEquals(0, check.exitCode(), check.output());
        Promtool.Result test = Promtool.run(new byte[0], "test", "rules",
                "conf/prometheus/lustre-collector.rules.test.yml");
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void theScrapeExampleIsAValidConfiguration() throws Exception {
        Promtool.Result check = Promtool.run(new byte[0], "check", "config",
                "conf/prometheus/scrape-lustre-collector.yml");
        assertEquals(0, check.exitCode(), check.output());
    }
}
