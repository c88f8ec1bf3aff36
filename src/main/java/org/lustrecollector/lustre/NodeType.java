package org.lustrecollector.lustre;

/** The kinds of Lustre target a node can be. */
public enum NodeType {
    OST, MDT
}
