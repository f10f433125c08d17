// The masq language (docs/language.md). The only parser of the project.
// Gate names are identifiers, not keywords: the gate table
// (masq/Core/Gates.h) decides which names are gates.
grammar Masq;

program : item* EOF ;

item
  : hyperDecl
  | ansatzDecl
  | modelDecl
  ;

hyperDecl : 'hyper' ID '=' expr ';' ;

ansatzDecl
  : 'ansatz' ID '(' (formal (',' formal)*)? ')' 'on' ID '[' expr ']' block ;

formal : ID ':' type ;

type : REAL ('[' expr (',' expr)* ']')? ;

modelDecl : 'model' ID '{' stmt* '}' ;

block : '{' stmt* '}' ;

stmt
  : 'qubits' ID '[' expr ']' ';'                                # qubitsStmt
  | 'input' ID ':' type ';'                                     # inputStmt
  | 'param' ID ':' type (init=('=' | '~') expr)? ';'            # paramStmt
  | 'hyper' ID '=' expr ';'                                     # hyperStmt
  | 'for' ID 'in' expr '..' expr block                          # forStmt
  | ADJOINT? ID '(' args? ')' 'on' expr ';'                     # callStmt
  | pattern=('ring' | 'ladder' | 'all') ID expr ';'             # entangleStmt
  | 'encode' ID '(' args ')' '->' expr ';'                      # encodeStmt
  | 'reset' expr (',' expr)* ';'                                # resetStmt
  | 'measure' expr '->' ID ';'                                  # measureStmt
  | 'let' ID '=' expr ';'                                       # letStmt
  | 'output' ID '=' expr ';'                                    # outputStmt
  | 'loss' '=' expr ';'                                         # lossStmt
  | ID ('(' (angles+=expr (',' angles+=expr)*)? ')')?
    targets+=expr (',' targets+=expr)* ';'                      # gateStmt
  ;

args : arg (',' arg)* ;
arg  : (ID '=')? expr ;

expr
  : '(' expr ')'                                    # parenExpr
  | ID '(' args? ')'                                # callExpr
  | ID '[' slice (',' slice)* ']'                   # indexExpr
  | '[' (expr (',' expr)*)? ']'                     # listExpr
  | ID                                              # nameExpr
  | INT                                             # intExpr
  | FLOAT                                           # floatExpr
  | '-' expr                                        # negExpr
  | expr op=('*' | '/' | '%') expr                  # mulExpr
  | expr op=('+' | '-') expr                        # addExpr
  | expr '==' expr                                  # eqExpr
  ;

slice : expr ('..' expr)? ;

ADJOINT : 'adjoint' ;
REAL    : 'real' ;
ID      : [a-zA-Z_] [a-zA-Z_0-9]* ;
FLOAT   : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)?
        | [0-9]+ [eE] [+-]? [0-9]+ ;
INT     : [0-9]+ ;
LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS      : [ \t\r\n]+ -> skip ;
// Any other character becomes one token the parser rejects with a located
// error, instead of the lexer's recovery printing to the console.
ERRCHAR : . ;
