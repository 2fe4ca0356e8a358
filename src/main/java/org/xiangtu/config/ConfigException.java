package org.xiangtu.config;

/** The configuration is wrong; the message names the key or option. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
