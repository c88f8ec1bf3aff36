package org.lustrecollector.monitor;

import java.util.Set;
import java.util.function.Predicate;

import org.lustrecollector.api.Category;

/** --fs and --min-category: which traps the user wants to see. An empty set of filesystems means all. */
record TrapFilter(Set<String> fileSystems, Category minCategory) implements Predicate<MonitoredTrap> {
    @Override
    public boolean test(MonitoredTrap t) {
        return t.category().compareTo(minCategory) >= 0 && (fileSystems.isEmpty() || fileSystems.contains(t.fs()));
    }

    boolean showsFileSystem(String fs) {
        return fileSystems.isEmpty() || fileSystems.contains(fs);
    }
}
