package org.xiangtu.store;

/** The store cannot be reached or read right now; the request may succeed later. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
