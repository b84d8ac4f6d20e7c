use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a UTF-8 byte-order mark (U+FEFF) at the start of the file.
    ///
    /// ## Why is this bad?
    /// UTF-8 needs no byte-order mark. Some tools show it as a stray
    /// character, and it can stop the first line from being read as the
    /// company heading.
    ///
    /// ## Example
    /// A file saved by Notepad with "UTF-8 with BOM".
    ///
    /// ## Fix
    /// Safe: the mark is removed.
    pub struct ByteOrderMark {
        code: "JM003",
        name: "byte-order-mark",
        severity: Info,
        summary: "The file starts with a byte-order mark",
        fixable: true,
    }
}

impl ByteOrderMark {
    pub const GARBLED_OK: bool = true;

    pub fn run(ctx: &mut Context<'_>) {
        let len = ctx.doc.decoded.bom_len;
        if len == 0 || !ctx.doc.is_lossless() {
            return;
        }
        ctx.report(
            &Self::META,
            0..len,
            "the file starts with a UTF-8 byte-order mark",
        )
        .fix(Fix::safe(
            "Remove the byte-order mark",
            vec![Edit {
                range: 0..len,
                replacement: String::new(),
            }],
        ));
    }
}
