package org.lustrecollector.demo.lustretree;

import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcRoot;

/**
 * A read that fails on a real Lustre tree with an error a plain file cannot give (ENOTCONN on the statfs
 * files of an inactive OSP, EINVAL): the tree writer lists them for the tests, which inject them.
 *
 * @param root  the tree the file is in
 * @param path  the file, relative to the root
 * @param error what reading it gives
 */
public record FileError(ProcRoot root, String path, ProcError error) {
}
