package org.xiangtu.store;

/** A data file does not fit the catalogue; the message names the file, the feature and the field. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
