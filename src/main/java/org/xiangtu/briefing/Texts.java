package org.xiangtu.briefing;

import org.xiangtu.catalog.I18n;

/** The pack's language: Chinese (the default) or English; picks one side of each pair of texts. */
record Texts(boolean english) {
    String s(String zh, String en) {
        return english ? en : zh;
    }

    String s(I18n text) {
        return text == null ? "" : english ? text.en() : text.zh();
    }
}
