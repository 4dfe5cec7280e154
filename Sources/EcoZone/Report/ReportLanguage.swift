import Foundation

/// The language a report is written in: Chinese by default (its readers are Chinese planners,
/// reviewers and officials), English on request (`--lang en`, `lang: en` in the project file).
/// Data values (names, grades, codes) are shown as they are in the data, whatever the language.
public enum ReportLanguage: String, Sendable, Codable, CaseIterable {
    case zh, en

    /// "zh", "zh-CN", "cn", "chinese", "中文" → zh; "en", "en-US", "english", "英文" → en; nil otherwise.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "zh", "zh-cn", "zh_cn", "zh-hans", "cn", "chinese", "中文", "汉语", "简体中文": self = .zh
        case "en", "en-us", "en-gb", "en_us", "english", "英文", "英语": self = .en
        default: return nil
        }
    }

    /// The HTML `lang` attribute.
    var htmlLang: String { self == .zh ? "zh-CN" : "en" }
}
