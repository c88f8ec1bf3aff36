package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LustreDeviceTest {
    @ParameterizedTest
    @CsvSource({
        "lustre-OST0000-osc-MDT0000, lustre, lustre-OST0000",
        "scratch-MDT0002-osp-MDT0001, scratch, scratch-MDT0002",
        "scratch-MDT0000-mdc-ffff9b2f4c1e8000, scratch, scratch-MDT0000",
        "lustre-OST0007_UUID, lustre, lustre-OST0007",
        "lustre-MDT0000, lustre, lustre-MDT0000",
        "fs_1-OST00ff-osc-MDT0000, fs_1, fs_1-OST00ff",
        "my-fs-OST000a-osc-MDT0000, my-fs, my-fs-OST000a",
        "MGC10.0.0.2@o2ib, '', MGC10.0.0.2@o2ib",
        "MGS, '', MGS",
        "toolongfsname-OST0000, '', toolongfsname-OST0000",
        "lustre-OST00-osc, '', lustre-OST00-osc",
        "lustre-OSTzzzz, '', lustre-OSTzzzz",
    })
    void theNodeIsTheTargetAndTheFilesystemItsPrefix(String device, String fsName, String node) {
        assertEquals(new LustreDevice(fsName, node), LustreDevice.of(device));
    }
}
