//! `commspec explain` pages in Chinese, one per rule and error class, under the same headings
//! as the English docs: 检查什么 / 为什么 / 示例 / 改为.

pub const DOCS: &[(&str, &str)] = &[];
