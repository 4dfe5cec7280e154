/// A table of the report: a `Table` (its numeric columns right-aligned in tabular numerals, footer
/// rows as totals) with a caption, a note (method, CRS, source), heat shading of numeric cells by
/// value (the overlap matrix), and a status per row ("pass", "fail", "error") that colours
/// validation rows. A cell reading exactly pass/fail/error becomes a badge.
public struct ReportTable: Sendable {
    public var caption: String
    public var table: Table
    public var note: String?
    /// Shade numeric cells by value, from the smallest to the largest number in the table body.
    public var heat: Bool
    /// One status per row (may be shorter than the rows); nil for none.
    public var rowStatus: [String?]

    public init(caption: String, table: Table, note: String? = nil, heat: Bool = false, rowStatus: [String?] = []) {
        self.caption = caption
        self.table = table
        self.note = note
        self.heat = heat
        self.rowStatus = rowStatus
    }

    /// A table of `headers` and `rows`, the columns at `numericColumns` holding numbers.
    public init(caption: String, headers: [String], rows: [[String]], numericColumns: Set<Int> = [],
                footer: [[String]] = [], note: String? = nil, heat: Bool = false, rowStatus: [String?] = []) {
        self.init(caption: caption, table: Table(headers: headers, numeric: numericColumns, rows: rows, footer: footer),
                  note: note, heat: heat, rowStatus: rowStatus)
    }
}

/// One block of a section.
public enum ReportBlock: Sendable {
    /// Plain text; line breaks are kept.
    case paragraph(String)
    /// An SVG from `SVGMap.render` (inserted as is) with its caption (say the method and CRS there).
    case map(svg: String, caption: String)
    case table(ReportTable)
    /// Key-figure cards: a label, a large value, a small note (method, source).
    case keyFigures([(label: String, value: String, note: String)])
    /// Monospaced text: commands, arithmetic, logs.
    case code(String)
}

/// A numbered section, listed in the table of contents.
public struct ReportSection: Sendable {
    public var title: String
    public var blocks: [ReportBlock]

    public init(title: String, blocks: [ReportBlock]) {
        self.title = title
        self.blocks = blocks
    }
}

/// The whole report.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String
    /// When and how it was generated ("2025-06-01 10:00 · ecozone 0.9 · GEOS 3.11 …").
    public var generated: String
    public var sections: [ReportSection]

    public init(title: String, subtitle: String, generated: String, sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.generated = generated
        self.sections = sections
    }
}
