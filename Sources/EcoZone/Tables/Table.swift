/// A table of already formatted cells: the one model every table EcoZone shows or writes is built
/// as, rendered to a terminal (`text`), to CSV (`csvData`) and to HTML (`HTMLReport`, through
/// `ReportTable`).
///
/// Cells are text: a figure is formatted once, where the table is made (`NumberText`), so the three
/// renderings show the same digits. A column's kind says whether it holds numbers, which decides its
/// alignment (numbers right) and, in HTML, tabular numerals and heat shading.
public struct Table: Sendable, Equatable {
    public struct Column: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case text
            case number
        }

        public enum Alignment: Sendable, Hashable {
            case left
            case right
        }

        public var title: String
        public var kind: Kind
        /// Numbers right, text left.
        public var alignment: Alignment { kind == .number ? .right : .left }

        public init(_ title: String, _ kind: Kind = .text) {
            self.title = title
            self.kind = kind
        }

        public static func text(_ title: String) -> Column { Column(title, .text) }
        public static func number(_ title: String) -> Column { Column(title, .number) }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// Rows set apart after the body (totals).
    public var footer: [[String]]

    public init(_ columns: [Column], rows: [[String]] = [], footer: [[String]] = []) {
        self.columns = columns
        self.rows = rows
        self.footer = footer
    }

    /// Columns titled `headers`, those at `numeric` holding numbers.
    public init(headers: [String], numeric: Set<Int> = [], rows: [[String]] = [], footer: [[String]] = []) {
        self.init(headers.enumerated().map { Column($0.element, numeric.contains($0.offset) ? .number : .text) }, rows: rows, footer: footer)
    }

    /// Columns titled `titles`, the right-aligned ones holding numbers.
    public init(_ titles: [String], alignments: [Column.Alignment], rows: [[String]] = [], footer: [[String]] = []) {
        self.init(zip(titles, alignments).map { Column($0, $1 == .right ? .number : .text) }, rows: rows, footer: footer)
    }

    public var headers: [String] { columns.map(\.title) }

    /// The indices of the columns that hold numbers.
    public var numericColumns: Set<Int> { Set(columns.indices.filter { columns[$0].kind == .number }) }

    public mutating func add(_ row: [String]) { rows.append(row) }
}
